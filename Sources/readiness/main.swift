import ReadinessCLI

await ReadinessMain.main()
