"""`python -m quizapp`: the same command as the `quizapp` console script."""

from quizapp.entry import main

main()
