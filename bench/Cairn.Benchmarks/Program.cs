using BenchmarkDotNet.Running;

// bench/Cairn.Benchmarks/run.sh passes BenchmarkDotNet's own arguments (--filter, --job short, ...).
BenchmarkSwitcher.FromAssembly(typeof(Cairn.Benchmarks.FrameBenchmarks).Assembly).Run(args);
