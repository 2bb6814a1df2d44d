"""`python -m quizapp`: the same command as the `quizapp` console script."""

from quizapp.cli import main

main()
