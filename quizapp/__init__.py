"""quizapp: learn PyTorch by spaced repetition, with answers PyTorch computes live."""

__version__ = "0.1.0"
