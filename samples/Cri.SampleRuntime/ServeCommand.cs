using System.Net.Sockets;
using System.Runtime.InteropServices;
using Cri.Protos;
using Cri.Tracing.Configuration;

namespace Cri.SampleRuntime;

/// <summary>
/// <c>Cri.SampleRuntime [serve] [--listen ENDPOINT] [CRI-O tracing flags] [--Section:Key VALUE ...]</c>:
/// serves until SIGINT or SIGTERM. The CRI-O flags and files are read as CRI-O reads them (the
/// same sources as <c>config</c>) and turn tracing on; other flags are configuration keys, so any
/// setting can be given on the command line. SIGHUP reads the files again: a new sampling rate,
/// or tracing turned on or off, applies without a restart.
/// </summary>
internal static class ServeCommand
{
    public const string Usage = """
        usage: Cri.SampleRuntime [serve] [--listen ENDPOINT] [CRI-O FLAGS] [--KEY VALUE ...]
               Cri.SampleRuntime config [CRI-O FLAGS]

          --listen ENDPOINT   unix:///path/to.sock or tcp://127.0.0.1:PORT
                              (default: unix://<temp>/cri-sample/cri-sample.sock)
          CRI-O FLAGS         --config FILE, --config-dir DIR, --tracing-config-file FILE,
                              --enable-tracing[=BOOL], --tracing-endpoint HOST:PORT,
                              --tracing-sampling-rate-per-million N
          --KEY VALUE         a configuration setting, such as --SampleRuntime:LatencyScale 0
                              or --CriTracingHosting:ExportInterval 00:00:01
        """;

    /// <summary>CRI-O's flags that take a value; <c>--enable-tracing</c> takes an optional <c>=BOOL</c>.</summary>
    private static readonly HashSet<string> CrioValueFlags =
    [
        "--config", "-c", "--config-dir", "-d", "--tracing-config-file", "--tracing-endpoint", "--tracing-sampling-rate-per-million",
    ];

    private const int UsageExitCode = 2;

    public static async Task<int> RunAsync(string[] args)
    {
        if (args is ["-h" or "--help", ..])
        {
            await Console.Out.WriteLineAsync(Usage);
            return 0;
        }

        if (!TryParse(args, out var endpoint, out var crioArgs, out var settings, out var error))
        {
            return Fail(error);
        }

        IConfigurationRoot configuration;
        try
        {
            CriEndpoint.Parse(endpoint);
            configuration = new ConfigurationBuilder()
                .AddCriTracingConfiguration([.. crioArgs])
                .AddCommandLine([.. settings])
                .Build();
        }
        catch (FormatException e)
        {
            return Fail(e.Message);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or InvalidOperationException)
        {
            // A bad configuration file stops start-up with its own message (file, line, key).
            await Console.Error.WriteLineAsync($"Cri.SampleRuntime: {e.Message}");
            return 1;
        }

        foreach (var warning in CriTracingConfiguration.GetWarnings(configuration))
        {
            await Console.Error.WriteLineAsync($"Cri.SampleRuntime: warning: {warning}");
        }

        SampleRuntimeServer server;
        try
        {
            server = await SampleRuntimeHost.StartAsync(endpoint, configuration);
        }
        catch (Exception e) when (e is IOException or SocketException)
        {
            await Console.Error.WriteLineAsync($"Cri.SampleRuntime: cannot listen on {endpoint}: {e.Message}");
            return 1;
        }

        await using (server)
        {
            using var reload = PosixSignalRegistration.Create(PosixSignal.SIGHUP, signal =>
            {
                signal.Cancel = true;
                Reload(configuration);
            });
            await Console.Out.WriteLineAsync($"listening on {server.Endpoint}");
            await server.WaitForShutdownAsync();
        }

        return 0;
    }

    public static int Fail(string message)
    {
        Console.Error.WriteLine($"Cri.SampleRuntime: {message}");
        Console.Error.WriteLine(Usage);
        return UsageExitCode;
    }

    /// <summary>
    /// Reads every configuration source again, as on SIGHUP. A file that no longer parses, or settings that fail
    /// validation, leave the running settings as they were, and say why.
    /// </summary>
    private static void Reload(IConfigurationRoot configuration)
    {
        try
        {
            configuration.Reload();
        }
        catch (Exception e)
        {
            var reasons = e is AggregateException aggregate ? aggregate.Flatten().InnerExceptions.Select(inner => inner.Message) : [e.Message];
            Console.Error.WriteLine($"Cri.SampleRuntime: configuration not reloaded, the running settings stay: {string.Join(" ", reasons)}");
            return;
        }

        foreach (var warning in CriTracingConfiguration.GetWarnings(configuration))
        {
            Console.Error.WriteLine($"Cri.SampleRuntime: warning: {warning}");
        }

        Console.Error.WriteLine("Cri.SampleRuntime: configuration reloaded");
    }

    private static bool TryParse(string[] args, out string endpoint, out List<string> crioArgs, out List<string> settings, out string error)
    {
        endpoint = SampleRuntimeHost.DefaultEndpoint;
        crioArgs = [];
        settings = [];
        error = string.Empty;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--listen" when i + 1 < args.Length:
                    endpoint = args[++i];
                    break;
                case "--listen":
                    error = "--listen needs an endpoint";
                    return false;
                case var flag when flag.StartsWith("--listen=", StringComparison.Ordinal):
                    endpoint = flag["--listen=".Length..];
                    break;
                case var flag when CrioValueFlags.Contains(flag) && i + 1 < args.Length:
                    crioArgs.Add(flag);
                    crioArgs.Add(args[++i]);
                    break;
                case var flag when flag == "--enable-tracing" || flag.StartsWith("--enable-tracing=", StringComparison.Ordinal)
                    || CrioValueFlags.Contains(flag.Split('=')[0]):
                    crioArgs.Add(flag);
                    break;
                default:
                    settings.Add(args[i]);
                    break;
            }
        }

        return true;
    }
}
