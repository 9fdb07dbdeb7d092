using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using System.Reflection;
using Xunit;

namespace Cri.Testing;

/// <summary>
/// Checks a self-diagnostics EventSource the way OpenTelemetry's own event sources are tested: the
/// manifest builds strictly, and each [Event] method writes the id it declares, its name, level and
/// every parameter.
/// </summary>
public static class EventSourceConformance
{
    /// <summary>Asserts that <paramref name="log"/>'s manifest builds strictly and that every event method matches its attribute.</summary>
    /// <param name="log">The event source's singleton.</param>
    public static void AssertConsistent(EventSource log)
    {
        ArgumentNullException.ThrowIfNull(log);
        var type = log.GetType();
        Assert.NotNull(EventSource.GenerateManifest(type, string.Empty, EventManifestOptions.Strict));

        var methods = type
            .GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(m => m.GetCustomAttribute<EventAttribute>() is not null)
            .ToList();
        Assert.NotEmpty(methods);
        Assert.Equal(methods.Count, methods.Select(m => m.GetCustomAttribute<EventAttribute>()!.EventId).Distinct().Count());

        using var listener = new Listener(log.Name);
        listener.EnableEvents(log, EventLevel.Verbose);
        foreach (var method in methods)
        {
            var attribute = method.GetCustomAttribute<EventAttribute>()!;
            var arguments = method.GetParameters().Select(p => Sample(p.ParameterType)).ToArray();
            listener.Events.Clear();

            method.Invoke(log, arguments);

            var written = Assert.Single(listener.Events);
            Assert.True(attribute.EventId == written.EventId, $"{method.Name} declares id {attribute.EventId} but wrote {written.EventId}.");
            Assert.Equal(method.Name, written.EventName);
            Assert.Equal(attribute.Level, written.Level);
            Assert.Equal(arguments, written.Payload);
            Assert.Equal(method.GetParameters().Select(p => p.Name), written.PayloadNames);
        }
    }

    private static object Sample(Type type)
        => type == typeof(string) ? "value"
            : type == typeof(int) ? 7
            : type == typeof(long) ? 9L
            : type == typeof(bool) ? true
            : throw new NotSupportedException(type.Name);

    private sealed class Listener(string sourceName) : EventListener
    {
        public ConcurrentQueue<EventWrittenEventArgs> Events { get; } = new();

        protected override void OnEventWritten(EventWrittenEventArgs eventData)
        {
            if (eventData.EventSource.Name == sourceName)
            {
                this.Events.Enqueue(eventData);
            }
        }
    }
}
