using System.Globalization;
using Perfolizer;
using Perfolizer.Mathematics.QuantileEstimators;

namespace Cri.Tracing.Benchmarks.Support;

/// <summary>
/// What the interleaved runs share: rounds that run a block of every case, each round starting
/// one case later than the one before, the first few untimed; figures as medians and quartiles
/// over rounds; and their command-line counts.
/// </summary>
/// <remarks>
/// BenchmarkDotNet runs each case in processes of its own, and on this host a whole process now
/// and then runs 1.3–1.7× slower: a difference between two cases then moves by more than the
/// difference itself. Interleaved, a slow phase slows every case of a round alike, so it cancels
/// out of each round's ratios, and the medians over rounds repeat between processes.
/// </remarks>
internal static class InterleavedRounds
{
    public const int WarmUpRounds = 3;

    /// <summary>Runs <paramref name="rounds"/> timed rounds after the untimed ones, each running every case's block once.</summary>
    /// <param name="cases">How many cases there are.</param>
    /// <param name="rounds">How many rounds are kept.</param>
    /// <param name="block">Runs the case of an index once and returns what it measured.</param>
    /// <returns>Each case's measurements, one per timed round, in the rounds' order.</returns>
    public static async Task<List<T>[]> RunAsync<T>(int cases, int rounds, Func<int, Task<T>> block)
    {
        var measured = Enumerable.Range(0, cases).Select(_ => new List<T>(rounds)).ToArray();
        for (var round = 0; round < WarmUpRounds + rounds; round++)
        {
            for (var i = 0; i < cases; i++)
            {
                var index = (i + round) % cases;
                var result = await block(index);
                if (round >= WarmUpRounds)
                {
                    measured[index].Add(result);
                }
            }
        }

        return measured;
    }

    /// <summary>Formats the median with the first and third quartiles: <c>1.05 [1.03, 1.08]</c>.</summary>
    public static string Quartiles(IReadOnlyList<double> values, string format)
        => string.Create(CultureInfo.InvariantCulture, $"{Median(values).ToString(format, CultureInfo.InvariantCulture)} [{Quantile(values, 0.25).ToString(format, CultureInfo.InvariantCulture)}, {Quantile(values, 0.75).ToString(format, CultureInfo.InvariantCulture)}]");

    public static double Median(IReadOnlyList<double> values) => Quantile(values, 0.5);

    /// <summary>Reads <c>NAME N</c> from the arguments, a whole number above 0; writes why and returns <see langword="null"/> when it is not one.</summary>
    public static int? ReadCount(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        if (at < 0)
        {
            return fallback;
        }

        if (at + 1 < args.Length && int.TryParse(args[at + 1], CultureInfo.InvariantCulture, out var count) && count > 0)
        {
            return count;
        }

        Console.Error.WriteLine($"{name} takes a whole number above 0, not '{(at + 1 < args.Length ? args[at + 1] : string.Empty)}'.");
        return null;
    }

    // Hyndman–Fan type 7, numpy's default: linear between the two nearest ranks.
    private static double Quantile(IReadOnlyList<double> values, double probability)
        => SimpleQuantileEstimator.Instance.Quantile(new Sample(values), probability);
}
