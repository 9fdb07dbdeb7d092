using System.Diagnostics;

namespace Cri.Tracing.Internal;

/// <summary>Whether an Activity is a span some tracer will keep, so attributes and events on it are worth their cost.</summary>
internal static class SpanRecording
{
    /// <summary>
    /// An Activity records when a listener asked for its data. One made with <c>new Activity(name)</c>
    /// asks for data by default, listener or not, and inherits a sampled flag from its parent:
    /// ASP.NET Core makes such an Activity for every request once any logger is enabled, and with
    /// no listener of that legacy kind nobody keeps it.
    /// </summary>
    public static bool IsRecording(Activity activity)
        => activity.IsAllDataRequested && (activity.Source.Name.Length > 0 || activity.Source.HasListeners());
}
