namespace Engine.Client;

/// <summary>The HIS-side client. Connection management and retransmission arrive with the protocol issue.</summary>
public static class EngineClient
{
}
