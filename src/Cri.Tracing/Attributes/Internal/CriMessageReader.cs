using System.Diagnostics;
using System.Runtime.CompilerServices;
using Google.Protobuf;

namespace Cri.Tracing.Attributes.Internal;

/// <summary>
/// The CRI attributes of one message type, found once for a method's request or response
/// (<see cref="CriMessageAttributes.ReaderOf"/>), so a call checks its message's type instead of
/// looking its reader up.
/// </summary>
internal sealed class CriMessageReader(Type messageType, Action<IMessage, CriAttributeWriter> read)
{
    /// <summary>Whether a message is of the type read (a client compiled from other code may send its own types).</summary>
    public bool Reads(object message) => message.GetType() == messageType;

    /// <summary>Writes a message of the type read (<see cref="Reads"/>).</summary>
    public void Write(object message, CriAttributeWriter writer) => read(Unsafe.As<IMessage>(message), writer);

    /// <summary>Sets a message's attributes on a recording span, replacing earlier values of the same names.</summary>
    public void Write(object message, Activity activity) => this.Write(message, new CriAttributeWriter(activity, creationTags: null));
}
