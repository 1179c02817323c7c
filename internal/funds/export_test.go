package funds

// BenchSeed writes one partner of the benchmark's 10 000.
var BenchSeed = seedBench
