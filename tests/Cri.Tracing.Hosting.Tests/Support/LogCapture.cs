using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Cri.Tracing.Hosting.Tests.Support;

/// <summary>A logger provider that keeps every line it is given, for assertions on what a host logged.</summary>
internal sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<CapturedLog> logs = new();

    public IReadOnlyList<CapturedLog> Logs => [.. this.logs];

    /// <summary>Gets the lines Cri.Tracing.Hosting wrote with the given event id (1 failing, 2 recovered, 3 not exported, 4 reload, 5 queue full).</summary>
    public IReadOnlyList<CapturedLog> Hosting(int eventId)
        => [.. this.logs.Where(log => log.Category == "Cri.Tracing.Hosting" && log.EventId.Id == eventId)];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, this.logs);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<CapturedLog> logs) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            => logs.Enqueue(new CapturedLog(category, logLevel, eventId, formatter(state, exception)));
    }
}
