using System.Diagnostics;
using Cri.Protos.V1;
using Cri.SampleRuntime;

namespace Cri.Protos.Tests.SampleRuntime;

/// <summary>The real executable: serves, says where, and on SIGTERM exits 0 and removes its socket.</summary>
public sealed class ServeProcessTests
{
    [Fact]
    public async Task Sigterm_stops_the_runtime_cleanly()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "SIGTERM is a POSIX signal.");
        var cancellationToken = TestContext.Current.CancellationToken;
        var directory = Directory.CreateTempSubdirectory("crs").FullName;
        var socket = Path.Combine(directory, "rt.sock");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { typeof(SampleRuntimeHost).Assembly.Location, "serve", "--listen", "unix://" + socket, "--SampleRuntime:LatencyScale", "0" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };

        using var process = Process.Start(start)!;
        try
        {
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            var line = await process.StandardOutput.ReadLineAsync(cancellationToken);
            Assert.Equal("listening on unix://" + socket, line);

            using (var channel = CriChannel.Create("unix://" + socket))
            {
                var version = await new RuntimeService.RuntimeServiceClient(channel).VersionAsync(new VersionRequest(), cancellationToken: cancellationToken);
                Assert.Equal("cri-sample", version.RuntimeName);
            }

            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync(cancellationToken);
            }

            await process.WaitForExitAsync(cancellationToken);
            Assert.True(process.ExitCode == 0, await stderr);
            Assert.False(File.Exists(socket));
            Assert.Null(await process.StandardOutput.ReadLineAsync(cancellationToken));
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
}
