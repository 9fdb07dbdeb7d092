using System.Diagnostics;
using System.Globalization;
using Cri.Tracing.Benchmarks.Support;
using static Cri.Tracing.Benchmarks.Support.InterleavedRounds;

namespace Cri.Tracing.Benchmarks.Instrumentation;

/// <summary>
/// Every interception scenario of one side, both with and without a parent, timed in turn in one
/// process: a round times a block of calls of each in a rotating order, with only that
/// scenario's tracer provider in the process, and each scenario's figures are taken against the
/// <see cref="InterceptionScenario.NoInstrumentation"/> block of the same round.
/// </summary>
/// <remarks>
/// Why the scenarios take turns: <see cref="InterleavedRounds"/>. The price: one process holds
/// every scenario's application, where a production process has one, so calls are slower than in
/// BenchmarkDotNet; and a provider built anew for a block makes that block's collections dearer,
/// about 100 ns a call that a provider built once does not cost (benchmarks/README.md). This is
/// for the differences of microseconds, BenchmarkDotNet's best launches for those near 1.0.
/// </remarks>
internal static class InterleavedInterception
{
    /// <summary>
    /// Runs the arguments' side: <c>--interleaved server|client [--rounds N] [--calls N] [--cases A,B,...]</c>,
    /// where <c>--cases</c> picks scenarios by name (the baseline is always run).
    /// </summary>
    /// <returns>The exit code: a scenario whose setup finds it traced otherwise than it says throws instead.</returns>
    public static async Task<int> RunAsync(string[] args)
    {
        var side = args.Length > 1 ? args[1] : string.Empty;
        if (side is not ("server" or "client"))
        {
            Console.Error.WriteLine("usage: --interleaved server|client|end-to-end [--rounds N] [--calls N] [--cases A,B,...]");
            return 2;
        }

        var rounds = ReadCount(args, "--rounds", 60);
        var calls = ReadCount(args, "--calls", 5_000);
        var scenarios = ReadScenarios(args, side);
        if (rounds is null || calls is null || scenarios is null)
        {
            return 2;
        }

        var cases = new List<Case>();
        foreach (var withParent in new[] { false, true })
        {
            foreach (var scenario in scenarios)
            {
                InterceptionBenchmarks benchmarks = side == "server"
                    ? new ServerInterceptionBenchmarks { WithParent = withParent }
                    : new ClientInterceptionBenchmarks { WithParent = withParent };
                await benchmarks.SetupAsync(scenario);
                benchmarks.Suspend();
                cases.Add(new Case(scenario, withParent, benchmarks));
            }
        }

        Console.WriteLine($"{side}: {cases.Count} cases, {rounds} rounds (after {WarmUpRounds} untimed) of {calls} calls each, .NET {Environment.Version}, {Environment.ProcessorCount} CPUs");
        var measured = await InterleavedRounds.RunAsync(cases.Count, rounds.Value, i => TimeBlockAsync(cases[i].Benchmarks, calls.Value));
        for (var i = 0; i < cases.Count; i++)
        {
            cases[i].Nanoseconds.AddRange(measured[i].Select(block => block.Nanoseconds));
            cases[i].Bytes = measured[i][^1].Bytes;
        }

        foreach (var withParent in new[] { false, true })
        {
            Report(cases.Where(c => c.WithParent == withParent).ToList(), withParent);
        }

        foreach (var item in cases)
        {
            await item.Benchmarks.CleanupAsync();
        }

        return 0;
    }

    // The scenario's provider goes in and one call checks it traces as it says, a tenth of the
    // block warms what it changed, then its calls are timed. No collection is forced between
    // blocks, so each pays for the collections its own allocations cause, as in BenchmarkDotNet.
    // (A forced full collection made the first few hundred calls after it pay for gen1
    // collections of what the block before had left: 10–15 µs a call instead of 3.)
    private static async Task<(double Nanoseconds, double Bytes)> TimeBlockAsync(InterceptionBenchmarks benchmarks, int calls)
    {
        benchmarks.Resume();
        await benchmarks.VerifyAsync();
        for (var i = 0; i < calls / 10; i++)
        {
            await benchmarks.CallAsync();
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < calls; i++)
        {
            await benchmarks.CallAsync();
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        var bytes = (double)(GC.GetAllocatedBytesForCurrentThread() - allocated) / calls;
        benchmarks.Suspend();
        return (elapsed.TotalNanoseconds / calls, bytes);
    }

    private static void Report(List<Case> cases, bool withParent)
    {
        var baseline = cases.Single(c => c.Scenario == InterceptionScenario.NoInstrumentation);
        var contrib = cases.SingleOrDefault(c => c.Scenario == InterceptionScenario.ContribInstrumentation);
        Console.WriteLine();
        Console.WriteLine($"parent: {(withParent ? "yes" : "none")}; medians over rounds, [first quartile, third quartile]");
        Console.WriteLine("| scenario | per call | ratio to NoInstrumentation | added | added ÷ contrib's | allocated |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        foreach (var item in cases)
        {
            var ratios = Rounds(item, baseline, (x, n) => x / n);
            var added = Rounds(item, baseline, (x, n) => x - n);
            var shown = contrib is null || item == baseline || item == contrib
                ? "-"
                : $"{Quartiles(added.Select((a, r) => 100 * a / (contrib.Nanoseconds[r] - baseline.Nanoseconds[r])).ToList(), "F0")} %";
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"| {item.Scenario} | {Median(item.Nanoseconds):F0} ns | {Quartiles(ratios, "F3")} | {Quartiles(added, "F0")} ns | {shown} | {item.Bytes:F0} B |"));
        }
    }

    private static List<double> Rounds(Case item, Case baseline, Func<double, double, double> against)
        => item.Nanoseconds.Select((x, r) => against(x, baseline.Nanoseconds[r])).ToList();

    // The side's scenarios (the client has no SampledWithLogs), or those --cases names, baseline first.
    private static List<InterceptionScenario>? ReadScenarios(string[] args, string side)
    {
        var all = Enum.GetValues<InterceptionScenario>().Where(s => side == "server" || s != InterceptionScenario.SampledWithLogs).ToList();
        var at = Array.IndexOf(args, "--cases");
        if (at < 0)
        {
            return all;
        }

        var names = at + 1 < args.Length ? args[at + 1].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [];
        var unknown = names.Where(n => !all.Any(s => s.ToString() == n)).ToList();
        if (names.Length == 0 || unknown.Count > 0)
        {
            Console.Error.WriteLine($"--cases takes names of the {side}'s scenarios ({string.Join(", ", all)}), not '{string.Join(", ", unknown)}'.");
            return null;
        }

        return all.Where(s => s == InterceptionScenario.NoInstrumentation || names.Contains(s.ToString())).ToList();
    }

    private sealed class Case(InterceptionScenario scenario, bool withParent, InterceptionBenchmarks benchmarks)
    {
        public InterceptionScenario Scenario { get; } = scenario;

        public bool WithParent { get; } = withParent;

        public InterceptionBenchmarks Benchmarks { get; } = benchmarks;

        public List<double> Nanoseconds { get; } = [];

        public double Bytes { get; set; }
    }
}
