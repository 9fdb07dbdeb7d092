using System.Diagnostics;
using Cri.Protos;
using Cri.SampleClient.Commands;
using Cri.SampleClient.Output;
using Grpc.Core;

namespace Cri.SampleClient;

/// <summary>The program: reads the command line, runs one command, and turns its outcome into an exit status.</summary>
/// <param name="output">Where results go.</param>
/// <param name="error">Where errors, usage and debug output go.</param>
/// <param name="getEnvironmentVariable">Reads the environment variables crictl reads, such as <c>CONTAINER_RUNTIME_ENDPOINT</c>.</param>
/// <param name="timeProvider">The clock that "CREATED" columns are relative to.</param>
/// <param name="configureInvoker">Wraps the call invoker of each channel the command opens, given the channel's endpoint.</param>
internal sealed class CliApplication(
    TextWriter output,
    TextWriter error,
    Func<string, string?> getEnvironmentVariable,
    TimeProvider timeProvider,
    Func<CallInvoker, CriEndpoint, CallInvoker>? configureInvoker)
{
    private const int FailureExitCode = 1;
    private const int UsageExitCode = 2;

    private static readonly ActivitySource Source = new(SampleClientCli.ActivitySourceName);

    /// <summary>Runs one command line.</summary>
    /// <param name="args">The arguments, without the program name.</param>
    /// <param name="cancellationToken">Cancels the command.</param>
    /// <returns>The exit status.</returns>
    public async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        CliCommand? command = null;
        try
        {
            var globalFlags = ArgumentParser.Parse(args, GlobalOptions.Options, flagsEndAtFirstArgument: true);
            if (globalFlags.Has(CliOption.Help.Name))
            {
                CliUsage.WriteProgram(output);
                return 0;
            }

            if (globalFlags.Arguments.Count == 0)
            {
                throw new CliUsageException("no command given");
            }

            var options = GlobalOptions.From(globalFlags, getEnvironmentVariable);
            command = CliCommands.Find(globalFlags.Arguments[0]) ?? throw new CliUsageException($"unknown command \"{globalFlags.Arguments[0]}\"");
            var arguments = command.Parse(globalFlags.Arguments.Skip(1).ToArray());
            if (arguments.Has(CliOption.Help.Name))
            {
                CliUsage.WriteCommand(output, command);
                return 0;
            }

            using var context = new CommandContext(arguments, command.GetOutputFormat(arguments), options, output, error, timeProvider, configureInvoker, cancellationToken);
            return await ExecuteAsync(command, context);
        }
        catch (CliUsageException e)
        {
            error.WriteLine($"error: {e.Message}");
            error.WriteLine();
            if (command is null)
            {
                CliUsage.WriteProgram(error);
            }
            else
            {
                CliUsage.WriteCommand(error, command);
            }

            return UsageExitCode;
        }
    }

    /// <summary>
    /// Runs a command: the one place every command runs through, inside the span crictl opens per
    /// command, named after it, so the CRI calls it makes are its children.
    /// </summary>
    private static async Task<int> ExecuteAsync(CliCommand command, CommandContext context)
    {
        using var activity = Source.StartActivity(command.Name);
        activity?.SetTag("command", command.Name);
        try
        {
            await command.RunAsync(context);
            return context.ExitCode;
        }
        catch (RpcException e)
        {
            return Fail(activity, context, RpcErrorText.Format(e));
        }
        catch (CommandFailedException e)
        {
            return Fail(activity, context, e.Message);
        }
    }

    private static int Fail(Activity? activity, CommandContext context, string message)
    {
        activity?.SetStatus(ActivityStatusCode.Error, message);
        context.Error.WriteLine($"error: {message}");
        return FailureExitCode;
    }
}
