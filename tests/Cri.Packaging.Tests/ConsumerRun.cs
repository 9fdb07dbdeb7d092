using System.Diagnostics;
using System.Text;

namespace Cri.Packaging.Tests;

/// <summary>
/// Runs the .NET CLI and the consumer for the packaging test, with the test host's MSBuild
/// variables removed so a nested <c>dotnet</c> behaves as it would in a runtime author's shell.
/// </summary>
internal static class ConsumerRun
{
    /// <summary>Runs a program to completion, killing its process tree if it outlives the timeout.</summary>
    /// <param name="fileName">The program.</param>
    /// <param name="arguments">Its arguments.</param>
    /// <param name="workingDirectory">Where it runs.</param>
    /// <param name="timeout">How long it may run.</param>
    /// <param name="cancellationToken">Kills it early.</param>
    /// <returns>Exit code (-1 when killed) and everything it wrote.</returns>
    public static async Task<(int ExitCode, string Output)> RunAsync(string fileName, IEnumerable<string> arguments, string workingDirectory, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var process = Start(fileName, arguments, workingDirectory, out var output);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            return (-1, Text(output) + $"\n(killed after {timeout})");
        }

        // The exit is seen before the last redirected lines: wait for the end of both streams.
        process.WaitForExit();
        return (process.ExitCode, Text(output));
    }

    /// <summary>Starts a program in the background, its stdout and stderr collected.</summary>
    /// <param name="fileName">The program.</param>
    /// <param name="arguments">Its arguments.</param>
    /// <param name="workingDirectory">Where it runs.</param>
    /// <param name="output">What it writes, as it writes it.</param>
    /// <returns>The running process.</returns>
    public static Process Start(string fileName, IEnumerable<string> arguments, string workingDirectory, out StringBuilder output)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)).ToArray())
        {
            start.Environment.Remove(name);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";

        var collected = new StringBuilder();
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{fileName} did not start.");
        process.OutputDataReceived += (_, e) => Append(collected, e.Data);
        process.ErrorDataReceived += (_, e) => Append(collected, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        output = collected;
        return process;
    }

    /// <summary>Reads what a process wrote so far.</summary>
    /// <param name="output">Its collected output.</param>
    /// <returns>The text.</returns>
    public static string Text(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }
}
