"""The Textual user interface: a thin shell over quizapp.study and the store."""
