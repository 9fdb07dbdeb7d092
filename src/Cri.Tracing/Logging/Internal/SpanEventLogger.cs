using System.Diagnostics;
using System.Globalization;
using Cri.Tracing.Attributes.Internal;
using Cri.Tracing.Internal;
using Microsoft.Extensions.Logging;

namespace Cri.Tracing.Logging.Internal;

/// <summary>Writes each log as a <c>log</c> event on the current recording span.</summary>
internal sealed class SpanEventLogger(CriTracingLogBridgeOptions options) : ILogger
{
    private const string OriginalFormat = "{OriginalFormat}";

    /// <inheritdoc/>
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    /// <inheritdoc/>
    public bool IsEnabled(LogLevel logLevel)
        => logLevel != LogLevel.None && Activity.Current is { } activity && SpanRecording.IsRecording(activity);

    /// <inheritdoc/>
    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var activity = Activity.Current;
        if (logLevel == LogLevel.None || activity is null || !SpanRecording.IsRecording(activity))
        {
            return;
        }

        try
        {
            // A CRI span without a budget yet has its interceptor's limit, which is then the default.
            var limit = activity.Source == CriActivitySource.Instance ? SpanEventBudget.DefaultLimit : options.MaxEventsPerSpan;
            var budget = SpanEventBudget.For(activity, limit);
            var message = formatter(state, exception);
            if (budget.TryTake(activity))
            {
                activity.AddEvent(new ActivityEvent(AttributeNames.LogEventName, tags: CreateTags(budget, logLevel, eventId, state, exception, message)));
            }

            if (logLevel >= LogLevel.Error && options.SetErrorStatus)
            {
                activity.SetStatus(ActivityStatusCode.Error, message);
            }
        }
        catch (Exception ex)
        {
            CriTracingEventSource.Log.InstrumentationFailed(nameof(SpanEventLogger), ex);
        }
    }

    private static ActivityTagsCollection CreateTags<TState>(SpanEventBudget budget, LogLevel logLevel, EventId eventId, TState state, Exception? exception, string message)
    {
        var tags = budget.CreateLogTags(Severity(logLevel), message);
        if (state is IReadOnlyList<KeyValuePair<string, object?>> values)
        {
            foreach (var (key, value) in values)
            {
                if (key != OriginalFormat)
                {
                    tags[key] = ToAttributeValue(value);
                }
            }
        }

        if (eventId.Id != 0)
        {
            tags[AttributeNames.LogEventId] = eventId.Id;
        }

        if (!string.IsNullOrEmpty(eventId.Name))
        {
            tags[AttributeNames.LogEventNameAttribute] = eventId.Name;
        }

        if (exception is not null)
        {
            tags[AttributeNames.ExceptionType] = exception.GetType().FullName;
            tags[AttributeNames.ExceptionMessage] = exception.Message;
        }

        return tags;
    }

    /// <summary>CRI-O's (logrus's) level names, upper case.</summary>
    private static string Severity(LogLevel level) => level switch
    {
        LogLevel.Trace => "TRACE",
        LogLevel.Debug => "DEBUG",
        LogLevel.Information => "INFO",
        LogLevel.Warning => "WARN",
        LogLevel.Error => "ERROR",
        _ => "FATAL",
    };

    /// <summary>Keeps the types OpenTelemetry exports as attributes; anything else becomes its invariant text.</summary>
    private static object? ToAttributeValue(object? value) => value switch
    {
        null or string or bool or long or int or short or byte or sbyte or uint or ushort or double or float => value,
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
