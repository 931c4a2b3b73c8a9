from bonemets.cli import main

main()
