using System.Buffers;

namespace Engine.Persistence;

/// <summary>
/// One encode buffer per thread for grain-state writes (<see cref="PersonStateCodec"/>'s arrays, the in-memory
/// storage's copies): taken for one synchronous encode and given back. A buffer grown past
/// <see cref="RetainedBytesMax"/> (a person with an unusually large state) is let go after use, so that it does not
/// stay allocated for the life of the thread. Taking one while the thread's is out hands out a fresh one.
/// </summary>
internal static class EncodeBuffers
{
    /// <summary>Buffers up to this size stay with their thread for the next encode.</summary>
    public const int RetainedBytesMax = 256 * 1024;

    private const int InitialBytes = 4096;

    [ThreadStatic] private static ArrayBufferWriter<byte>? idle;

    /// <summary>The thread's buffer, empty; <see cref="Give"/> it back after the encode.</summary>
    public static ArrayBufferWriter<byte> Take()
    {
        var buffer = idle ?? new ArrayBufferWriter<byte>(InitialBytes);
        idle = null;
        return buffer;
    }

    /// <summary>Gives a buffer back to the thread (unless it grew too large).</summary>
    public static void Give(ArrayBufferWriter<byte> buffer)
    {
        if (buffer.Capacity > RetainedBytesMax) return;
        buffer.ResetWrittenCount();
        idle = buffer;
    }
}
