using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Cri.Protos;
using Cri.Protos.V1;
using Cri.SampleRuntime;
using Cri.Testing.Otlp;
using Cri.Tracing.Configuration;
using Grpc.Core;

namespace Cri.Tracing.Hosting.Tests.Lifecycle;

/// <summary>
/// The real <c>Cri.SampleRuntime serve</c>: CRI-O's flags and files turn tracing on, and SIGHUP applies a new
/// sampling rate from the file without a restart; SIGTERM ends it within 5 s even with a hung collector.
/// </summary>
public sealed class ServeCommandTests
{
    private const string Version = "runtime.v1.RuntimeService/Version";

    [Fact]
    public async Task Crio_flags_turn_tracing_on_and_sighup_reloads_the_rate_from_the_file()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "SIGHUP is a POSIX signal.");
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var receiver = await OtlpTraceReceiver.StartAsync();
        var directory = Directory.CreateTempSubdirectory("crt").FullName;
        var socket = "unix://" + Path.Combine(directory, "rt.sock");
        var config = Path.Combine(directory, "crio.conf");
        var dropIns = Directory.CreateDirectory(Path.Combine(directory, "crio.conf.d")).FullName;
        await File.WriteAllTextAsync(config, RateFile(CriTracingOptions.MaxSamplingRatePerMillion), cancellationToken);
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList =
            {
                typeof(SampleRuntimeHost).Assembly.Location, "serve", "--listen", socket,
                "--config", config, "--config-dir", dropIns,
                "--enable-tracing", "--tracing-endpoint", receiver.GrpcHostPort,
                "--SampleRuntime:LatencyScale", "0",
                "--CriTracingHosting:ExportInterval", "00:00:00.050",
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };

        using var process = Process.Start(start)!;
        var errors = new BlockingCollection<string>();
        process.ErrorDataReceived += (_, line) => errors.Add(line.Data ?? string.Empty);
        process.BeginErrorReadLine();
        try
        {
            Assert.Equal("listening on " + socket, await process.StandardOutput.ReadLineAsync(cancellationToken));
            using var channel = CriChannel.Create(socket);
            var client = new RuntimeService.RuntimeServiceClient(channel);

            // No parent, rate 1000000 from the file: the server span is a sampled root.
            await client.VersionAsync(new VersionRequest(), cancellationToken: cancellationToken);
            var first = Assert.Single(await receiver.WaitForSpansAsync(spans => spans.Count == 1, TimeSpan.FromSeconds(30)));
            Assert.Equal(Version, first.Name);
            Assert.Equal(SampleRuntimeHost.ServiceName, first.ResourceAttributes["service.name"]);
            Assert.Equal((long)process.Id, first.ResourceAttributes["process.pid"]);

            await File.WriteAllTextAsync(config, RateFile(0), cancellationToken);
            await SignalAsync("-HUP", process.Id);
            Assert.Contains("Cri.SampleRuntime: configuration reloaded", ReadUntil(errors, "configuration reloaded"), StringComparison.Ordinal);

            // Rate 0 now: a root is dropped; a call whose caller sampled it is still recorded.
            await client.VersionAsync(new VersionRequest(), cancellationToken: cancellationToken);
            var traceId = ActivityTraceId.CreateRandom().ToHexString();
            await client.VersionAsync(
                new VersionRequest(),
                new Metadata { { "traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01" } },
                cancellationToken: cancellationToken);
            var spans = await receiver.WaitForSpansAsync(received => received.Any(span => span.TraceId == traceId), TimeSpan.FromSeconds(30));
            Assert.Equal([first.TraceId, traceId], spans.Select(span => span.TraceId));

            await SignalAsync("-TERM", process.Id);
            await process.WaitForExitAsync(cancellationToken);
            Assert.Equal(0, process.ExitCode);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }

            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Sigterm_ends_the_runtime_within_5_s_of_the_signal_with_a_collector_that_never_answers()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "SIGTERM is a POSIX signal.");
        var cancellationToken = TestContext.Current.CancellationToken;

        // Listening but never accepting: the kernel completes each connection, and nothing ever answers on it.
        var collector = new TcpListener(IPAddress.Loopback, 0);
        collector.Start(backlog: 16);
        var directory = Directory.CreateTempSubdirectory("crt").FullName;
        var socket = "unix://" + Path.Combine(directory, "rt.sock");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList =
            {
                typeof(SampleRuntimeHost).Assembly.Location, "serve", "--listen", socket,
                "--enable-tracing", "--tracing-endpoint", collector.LocalEndpoint.ToString()!,
                "--tracing-sampling-rate-per-million", "1000000",
                "--SampleRuntime:LatencyScale", "0",
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };

        using var process = Process.Start(start)!;
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        try
        {
            Assert.Equal("listening on " + socket, await process.StandardOutput.ReadLineAsync(cancellationToken));
            using (var channel = CriChannel.Create(socket))
            {
                // More sampled spans than the export queue holds, with a batch stuck on the collector.
                var client = new RuntimeService.RuntimeServiceClient(channel);
                await Parallel.ForAsync(0, 3_000, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (_, token) =>
                    await client.VersionAsync(new VersionRequest(), cancellationToken: token));
            }

            var signalled = Stopwatch.StartNew();
            await SignalAsync("-TERM", process.Id);
            await process.WaitForExitAsync(cancellationToken);
            TestContext.Current.TestOutputHelper?.WriteLine($"SIGTERM to exit: {signalled.Elapsed.TotalSeconds:0.000} s");

            // The deadline the runtime must keep (the kubelet's and systemd's patience), not a speed measurement.
            Assert.InRange(signalled.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(5));
            Assert.Equal(0, process.ExitCode);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }

            collector.Stop();
            Directory.Delete(directory, recursive: true);
        }
    }

    private static string RateFile(int rate) => string.Create(
        CultureInfo.InvariantCulture,
        $"""
        [crio.runtime]
        default_runtime = "runc"

        [crio.tracing]
        tracing_sampling_rate_per_million = {rate}
        """);

    private static async Task SignalAsync(string signal, int processId)
    {
        using var kill = Process.Start("kill", [signal, processId.ToString(CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync(TestContext.Current.CancellationToken);
    }

    private static string ReadUntil(BlockingCollection<string> lines, string text)
    {
        using var expiry = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        expiry.CancelAfter(TimeSpan.FromSeconds(30));
        while (true)
        {
            var line = lines.Take(expiry.Token);
            if (line.Contains(text, StringComparison.Ordinal))
            {
                return line;
            }
        }
    }
}
