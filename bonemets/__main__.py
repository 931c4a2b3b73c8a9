from bonemets.cli.fast import main

main()
