import ReadinessCLI
ReadinessMain.main()
