"""The `quizapp` command: thin click commands over the services (entry point: quizapp.entry)."""
