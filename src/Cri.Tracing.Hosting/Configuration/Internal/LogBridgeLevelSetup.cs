using System.Reflection;
using Cri.Tracing.Logging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cri.Tracing.Hosting.Configuration.Internal;

/// <summary>
/// Applies <see cref="CriTracingHostingOptions.LogBridgeMinimumLevel"/> as a logging filter rule for the log bridge
/// alone, so span events can carry Information logs while the console shows only warnings. Added after the logging
/// configuration's rules, it wins over a <c>Logging:CriTracing:LogLevel:Default</c>, not over per-category ones.
/// The framework's per-request logs (ASP.NET Core's "Request starting", "Executing endpoint", HttpClient's "Sending
/// HTTP request") reach the bridge from Warning only, unless the configuration names their category for the bridge.
/// </summary>
internal sealed class LogBridgeLevelSetup(IOptions<CriTracingHostingOptions> hosting) : IConfigureOptions<LoggerFilterOptions>
{
    private static readonly string ProviderName = typeof(CriTracingLoggerProvider).FullName!;

    private static readonly string ProviderAlias = typeof(CriTracingLoggerProvider).GetCustomAttribute<ProviderAliasAttribute>()!.Alias;

    private static readonly string[] FrameworkCategories = ["Microsoft.AspNetCore", "System.Net.Http"];

    public void Configure(LoggerFilterOptions options)
    {
        if (hosting.Value.LogBridgeMinimumLevel is not { } level)
        {
            return;
        }

        options.Rules.Add(new LoggerFilterRule(ProviderName, categoryName: null, level, filter: null));
        var frameworkLevel = level > LogLevel.Warning ? level : LogLevel.Warning;
        foreach (var category in FrameworkCategories)
        {
            if (!options.Rules.Any(rule => IsBridgeRuleWithin(rule, category)))
            {
                options.Rules.Add(new LoggerFilterRule(ProviderName, category, frameworkLevel, filter: null));
            }
        }
    }

    private static bool IsBridgeRuleWithin(LoggerFilterRule rule, string category)
        => (rule.ProviderName == ProviderName || rule.ProviderName == ProviderAlias)
            && rule.CategoryName?.StartsWith(category, StringComparison.OrdinalIgnoreCase) == true;
}
