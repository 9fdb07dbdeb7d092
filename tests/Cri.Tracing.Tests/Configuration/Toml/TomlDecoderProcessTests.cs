using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace Cri.Tracing.Tests.Configuration.Toml;

/// <summary>Runs the built toml-test decoder program the way toml-test's runner does: TOML on stdin.</summary>
public sealed class TomlDecoderProcessTests
{
    [Fact]
    public async Task Decoder_process_prints_tagged_json_for_valid_toml_and_fails_for_invalid_toml()
    {
        var validPath = TomlTestSuite.PathOf("valid/spec-example-1.toml");
        var decoder = LocateDecoder();

        var valid = await RunAsync(decoder, File.ReadAllBytes(validPath));
        var invalid = await RunAsync(decoder, File.ReadAllBytes(TomlTestSuite.PathOf("invalid/table/duplicate-key-01.toml")));

        Assert.True(valid.ExitCode == 0, valid.Error);
        using var expected = JsonDocument.Parse(File.ReadAllBytes(Path.ChangeExtension(validPath, ".json")));
        using var actual = JsonDocument.Parse(valid.Output);
        Assert.Null(TaggedJsonComparer.FindDifference(expected.RootElement, actual.RootElement));

        Assert.Equal(1, invalid.ExitCode);
        Assert.Empty(invalid.Output);
        Assert.Equal("stdin:4:1: The key `a` is already defined at 1:1 and cannot be redefined", invalid.Error.TrimEnd());
    }

    // The test project references the decoder, so the build copies it next to the tests.
    private static string LocateDecoder() => Path.Combine(AppContext.BaseDirectory, "TomlDecoder.dll");

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(string decoder, byte[] input)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(decoder);

        var cancellation = TestContext.Current.CancellationToken;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(cancellation);
        var error = process.StandardError.ReadToEndAsync(cancellation);
        await process.StandardInput.BaseStream.WriteAsync(input, cancellation);
        process.StandardInput.Close();
        await process.WaitForExitAsync(cancellation);
        return (process.ExitCode, await output, await error);
    }
}
