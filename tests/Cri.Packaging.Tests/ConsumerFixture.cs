using System.Diagnostics;
using System.Text;
using Cri.Testing;

namespace Cri.Packaging.Tests;

/// <summary>
/// A runtime author's project, built once for the class: the repository's packages packed with a
/// version no NuGet cache has seen, a consumer written outside the repository that restores them
/// beside the machine's registry, built, and its server started on a Unix socket.
/// </summary>
public sealed class ConsumerFixture : IAsyncLifetime
{
    /// <summary>The packages a runtime author references.</summary>
    public static readonly string[] PackedProjects = ["Cri.Protos", "Cri.Protos.AspNetCore", "Cri.Tracing"];

    private static readonly TimeSpan PackTimeout = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(6);
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(1);

    private Process? server;
    private StringBuilder? serverOutput;

    /// <summary>Gets the prerelease version the packages were packed with.</summary>
    public string Version { get; } = "0.0.0-consumer." + DateTime.UtcNow.Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Gets the temp folder holding the packages, the consumer, its socket and its spans.</summary>
    public string WorkDirectory { get; } = Directory.CreateTempSubdirectory("cri-consumer").FullName;

    /// <summary>Gets the folder the packages were packed into, the consumer's extra package source.</summary>
    public string PackageDirectory => Path.Combine(this.WorkDirectory, "packages");

    /// <summary>Gets the consumer project's folder.</summary>
    public string ConsumerDirectory => Path.Combine(this.WorkDirectory, "consumer");

    /// <summary>Gets the built consumer.</summary>
    public string ConsumerAssembly => Path.Combine(this.ConsumerDirectory, "bin", "Debug", "net10.0", "Consumer.dll");

    /// <summary>Gets the Unix socket the consumer's server listens on.</summary>
    public string SocketPath => Path.Combine(this.WorkDirectory, "rt.sock");

    /// <summary>Gets the file the consumer's server writes its spans to, one JSON object a line.</summary>
    public string ServerSpansPath => Path.Combine(this.WorkDirectory, "server-spans.jsonl");

    /// <summary>Gets how long packing, building and starting took.</summary>
    public TimeSpan SetupTime { get; private set; }

    /// <summary>Gets what the server wrote so far.</summary>
    public string ServerOutput => this.serverOutput is null ? string.Empty : ConsumerRun.Text(this.serverOutput);

    /// <inheritdoc/>
    public async ValueTask InitializeAsync()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var clock = Stopwatch.StartNew();
        await this.PackAsync(cancellationToken);
        this.WriteConsumer();
        await this.BuildConsumerAsync(cancellationToken);
        await this.StartServerAsync(cancellationToken);
        this.SetupTime = clock.Elapsed;
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (this.server is { } running)
        {
            if (!running.HasExited)
            {
                running.Kill(entireProcessTree: true);
                await running.WaitForExitAsync(CancellationToken.None);
            }

            running.Dispose();
        }

        TryDelete(this.WorkDirectory);

        // The restore extracted this run's packages into the global packages folder; no later run uses this version.
        var globalPackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        foreach (var id in PackedProjects)
        {
            var idDirectory = Path.Combine(globalPackages, id.ToLowerInvariant());
            TryDelete(Path.Combine(idDirectory, this.Version));
            if (Directory.Exists(idDirectory) && !Directory.EnumerateFileSystemEntries(idDirectory).Any())
            {
                TryDelete(idDirectory);
            }
        }
    }

    /// <summary>Reads the spans a consumer wrote so far; lines still being written are left for the next read.</summary>
    /// <param name="path">The spans file.</param>
    /// <returns>The spans.</returns>
    public static IReadOnlyList<SpanRecord> ReadSpans(string path)
    {
        string text;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            text = reader.ReadToEnd();
        }
        catch (FileNotFoundException)
        {
            return [];
        }
        catch (IOException)
        {
            return [];
        }

        var complete = text.LastIndexOf('\n');
        return complete < 0
            ? []
            : text[..complete].Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(SpanRecord.Parse).ToArray();
    }

    /// <summary>Waits until the server has exported <paramref name="count"/> spans of a trace (a server span ends after its response is sent).</summary>
    /// <param name="traceId">The trace.</param>
    /// <param name="count">How many spans to wait for.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The trace's server spans.</returns>
    public async Task<IReadOnlyList<SpanRecord>> WaitForServerSpansAsync(string traceId, int count, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var spans = ReadSpans(this.ServerSpansPath).Where(s => s.TraceId == traceId).ToArray();
            if (spans.Length >= count || clock.Elapsed > TimeSpan.FromSeconds(30))
            {
                return spans;
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    private static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException)
        {
            // Left for the temp folder's own cleanup.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static string Tail(string text, int length = 6000) => text.Length <= length ? text : "…" + text[^length..];

    private static void Write(string path, string text) => File.WriteAllText(path, text.ReplaceLineEndings("\n"));

    private static string ConsumerSource(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Consumer", name));

    /// <summary>
    /// Packs the three packages in one build (a solution naming them), in a build slot of its own
    /// so it never shares bin/obj with the repository's other builds.
    /// </summary>
    private async Task PackAsync(CancellationToken cancellationToken)
    {
        var solution = Path.Combine(this.WorkDirectory, "packages.slnx");
        Write(solution, $"""
            <Solution>
            {string.Concat(PackedProjects.Select(p => $"  <Project Path=\"{Path.Combine(RepositoryPaths.Root, "src", p, p + ".csproj")}\" />\n"))}</Solution>
            """);
        var pack = await ConsumerRun.RunAsync(
            "dotnet",
            ["pack", solution, "-c", "Release", "-nologo", "-nodeReuse:false", "-p:CriBuildSlot=consumer-pack", "-p:Version=" + this.Version, "-p:PackageOutputPath=" + this.PackageDirectory],
            RepositoryPaths.Root,
            PackTimeout,
            cancellationToken);
        var missing = PackedProjects.Where(p => !File.Exists(Path.Combine(this.PackageDirectory, $"{p}.{this.Version}.nupkg"))).ToArray();
        if (pack.ExitCode != 0 || missing.Length > 0)
        {
            throw new InvalidOperationException($"dotnet pack failed ({pack.ExitCode}; missing: {string.Join(", ", missing)}):\n{Tail(pack.Output)}");
        }
    }

    /// <summary>
    /// Writes the consumer as a runtime author would: its own nuget.config adding the packed
    /// packages beside the machine's sources (no clear), and empty Directory.* files so no
    /// MSBuild or central package settings from a parent folder reach it.
    /// </summary>
    private void WriteConsumer()
    {
        Directory.CreateDirectory(this.ConsumerDirectory);
        Write(Path.Combine(this.ConsumerDirectory, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="cri-packed" value="{this.PackageDirectory}" />
              </packageSources>
            </configuration>
            """);
        Write(Path.Combine(this.ConsumerDirectory, "Directory.Build.props"), "<Project />\n");
        Write(Path.Combine(this.ConsumerDirectory, "Directory.Build.targets"), "<Project />\n");
        Write(Path.Combine(this.ConsumerDirectory, "Directory.Packages.props"), """
            <Project>
              <PropertyGroup>
                <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
              </PropertyGroup>
            </Project>
            """);
        Write(Path.Combine(this.ConsumerDirectory, "Consumer.csproj"), ConsumerSource("Consumer.csproj.txt").Replace("@CRI_VERSION@", this.Version, StringComparison.Ordinal));
        Write(Path.Combine(this.ConsumerDirectory, "Program.cs"), ConsumerSource("Program.cs.txt"));
    }

    private async Task BuildConsumerAsync(CancellationToken cancellationToken)
    {
        var build = await ConsumerRun.RunAsync("dotnet", ["build", "-nologo", "-nodeReuse:false"], this.ConsumerDirectory, BuildTimeout, cancellationToken);
        if (build.ExitCode != 0 || !File.Exists(this.ConsumerAssembly))
        {
            throw new InvalidOperationException($"The consumer did not build from the packed packages ({build.ExitCode}):\n{Tail(build.Output)}");
        }
    }

    private async Task StartServerAsync(CancellationToken cancellationToken)
    {
        this.server = ConsumerRun.Start("dotnet", [this.ConsumerAssembly, "serve", this.SocketPath, this.ServerSpansPath], this.WorkDirectory, out var output);
        this.serverOutput = output;
        var clock = Stopwatch.StartNew();
        while (!File.Exists(this.SocketPath))
        {
            if (this.server.HasExited || clock.Elapsed > StartTimeout)
            {
                throw new InvalidOperationException($"The consumer's server did not listen on {this.SocketPath}:\n{Tail(this.ServerOutput)}");
            }

            await Task.Delay(100, cancellationToken);
        }
    }
}
