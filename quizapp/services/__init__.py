"""What the TUI and the CLI call: decks, study sessions, the card runner, progress, settings.

The only layer that talks to quizapp.store and quizapp.verify.
"""
