using Cri.SampleRuntime;
using Cri.Tracing.Configuration;

// Commands. `serve` is the default; `config` prints the effective tracing settings, as `crio config` does.
return args switch
{
    ["serve", .. var rest] => await ServeCommand.RunAsync(rest),
    ["config", .. var rest] => CrioTracingConfigCommand.Run(rest, Environment.GetEnvironmentVariables(), Console.Out, Console.Error),
    [] => await ServeCommand.RunAsync(args),
    [var first, ..] when first.StartsWith('-') => await ServeCommand.RunAsync(args),
    [var unknown, ..] => ServeCommand.Fail($"unknown command \"{unknown}\""),
};
