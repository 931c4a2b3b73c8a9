from bonemets.entry import main

main()
