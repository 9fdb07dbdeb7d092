namespace Cri.Protos.Internal;

/// <summary>How far a header block (a HEADERS frame and its CONTINUATION frames) has arrived.</summary>
internal enum HeaderBlockStatus
{
    Incomplete,
    Complete,
    TooLarge,
    Malformed,
}
