using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using System.Reflection;
using Cri.Tracing.Internal;

namespace Cri.Tracing.Tests.Instrumentation;

/// <summary>
/// The self-diagnostics EventSource is consistent, as OpenTelemetry's own event sources are tested:
/// the manifest builds strictly, and each [Event] method writes the id it declares with all its
/// parameters.
/// </summary>
public sealed class EventSourceTests
{
    [Fact]
    public void Manifest_builds_strictly()
    {
        var manifest = EventSource.GenerateManifest(typeof(CriTracingEventSource), string.Empty, EventManifestOptions.Strict);

        Assert.NotNull(manifest);
        Assert.Contains("OpenTelemetry-Instrumentation-Cri", manifest, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_event_method_writes_its_declared_id_and_parameters()
    {
        var methods = typeof(CriTracingEventSource)
            .GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(m => m.GetCustomAttribute<EventAttribute>() is not null)
            .ToList();
        Assert.NotEmpty(methods);
        Assert.Equal(methods.Count, methods.Select(m => m.GetCustomAttribute<EventAttribute>()!.EventId).Distinct().Count());

        using var listener = new Listener();
        foreach (var method in methods)
        {
            var attribute = method.GetCustomAttribute<EventAttribute>()!;
            var arguments = method.GetParameters().Select(p => Sample(p.ParameterType)).ToArray();
            listener.Events.Clear();

            method.Invoke(CriTracingEventSource.Log, arguments);

            var written = Assert.Single(listener.Events);
            Assert.True(attribute.EventId == written.EventId, $"{method.Name} declares id {attribute.EventId} but wrote {written.EventId}.");
            Assert.Equal(method.Name, written.EventName);
            Assert.Equal(attribute.Level, written.Level);
            Assert.Equal(arguments.Length, written.Payload?.Count ?? 0);
            Assert.Equal(arguments, written.Payload);
            Assert.Equal(method.GetParameters().Select(p => p.Name), written.PayloadNames);
        }
    }

    private static object Sample(Type type) => type == typeof(string) ? "value" : type == typeof(int) ? 7 : throw new NotSupportedException(type.Name);

    private sealed class Listener : EventListener
    {
        public ConcurrentQueue<EventWrittenEventArgs> Events { get; } = new();

        protected override void OnEventSourceCreated(EventSource eventSource)
        {
            if (eventSource.Name == "OpenTelemetry-Instrumentation-Cri")
            {
                this.EnableEvents(eventSource, EventLevel.Verbose);
            }
        }

        protected override void OnEventWritten(EventWrittenEventArgs eventData)
        {
            if (eventData.EventSource.Name == "OpenTelemetry-Instrumentation-Cri")
            {
                this.Events.Enqueue(eventData);
            }
        }
    }
}
