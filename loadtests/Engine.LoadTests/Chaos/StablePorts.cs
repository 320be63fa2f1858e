using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace Engine.LoadTests.Chaos;

/// <summary>
/// Loopback ports for silos that are killed and restarted on the same ports. They come from below the kernel's
/// ephemeral range (32768–60999 by default): a port picked there is free only for a moment, and an outgoing
/// connection (a PostgreSQL client, another silo) may take it before a restarted silo binds it again.
/// </summary>
internal static class StablePorts
{
    private const int First = 20_000;
    private const int Last = 32_000;
    private static readonly Lock NextLock = new();
    private static int next = First + RandomNumberGenerator.GetInt32(0, Last - First);

    /// <summary>A port that nothing listens on now and that this process has not handed out before.</summary>
    public static int Take()
    {
        lock (NextLock)
        {
            for (var tries = 0; tries < Last - First; tries++)
            {
                var port = next;
                next = next + 1 > Last ? First : next + 1;
                if (IsFree(port)) return port;
            }
        }
        throw new InvalidOperationException($"No free loopback port in {First}–{Last}.");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
