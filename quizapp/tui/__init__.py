"""The Textual user interface: a thin shell over quizapp.services."""
