using BenchmarkDotNet.Running;
using Engine.Benchmarks.Throughput;

// `throughput …` runs the in-process settle throughput harness, `growth …` the in-memory stores' growth; anything
// else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] == "throughput")
{
    return await InProcessThroughput.RunAsync(args[1..]);
}
if (args.Length > 0 && args[0] == "growth")
{
    return await StoreGrowth.RunAsync(args[1..]);
}
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
