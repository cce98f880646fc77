from licheck.cli import main

main()
