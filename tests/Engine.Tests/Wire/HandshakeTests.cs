using System.Security.Cryptography;
using System.Text;
using Engine.Contracts.Wire;
using static Engine.Tests.Wire.WireTestData;

namespace Engine.Tests.Wire;

public sealed class HandshakeTests
{
    private static readonly byte[] Secret = Handshake.EncodeSecret("s3cret-of-H31011800001");
    private static readonly byte[] ClientNonce = Bytes(Handshake.NonceBytes, 0x00);
    private static readonly byte[] ServerNonce = Bytes(Handshake.NonceBytes, 0x10);

    [Fact]
    public void ComputeProof_IsHmacOfTheDocumentedInput()
    {
        var proof = new byte[Handshake.ProofBytes];

        Handshake.ComputeProof(Secret, ServerNonce, ClientNonce, "H1", "终端1", proof);

        byte[] input = [.. "SETTLE-AUTH-1"u8, .. ServerNonce, .. ClientNonce, .. "H1"u8, 0,
            .. Encoding.UTF8.GetBytes("终端1")];
        Assert.Equal(HMACSHA256.HashData(Secret, input), proof);
    }

    [Fact]
    public void VerifyProof_ClientAndServerWithTheSameSecret_Agree()
    {
        var proof = new byte[Handshake.ProofBytes];
        Handshake.ComputeProof(Secret, ServerNonce, ClientNonce, InstitutionCode, "T01", proof);

        Assert.True(Handshake.VerifyProof(Secret, ServerNonce, ClientNonce, InstitutionCode, "T01", proof));
    }

    [Fact]
    public void VerifyProof_WrongSecret_Fails()
    {
        var proof = new byte[Handshake.ProofBytes];
        Handshake.ComputeProof(Handshake.EncodeSecret("guess"), ServerNonce, ClientNonce, InstitutionCode, "T01",
            proof);

        Assert.False(Handshake.VerifyProof(Secret, ServerNonce, ClientNonce, InstitutionCode, "T01", proof));
    }

    [Theory]
    [InlineData("H31011800002", "T01")]
    [InlineData(InstitutionCode, "T02")]
    [InlineData(Handshake.AdminInstitution, "T01")]
    public void VerifyProof_OtherIdentity_Fails(string institution, string terminal)
    {
        var proof = new byte[Handshake.ProofBytes];
        Handshake.ComputeProof(Secret, ServerNonce, ClientNonce, InstitutionCode, "T01", proof);

        Assert.False(Handshake.VerifyProof(Secret, ServerNonce, ClientNonce, institution, terminal, proof));
    }

    [Fact]
    public void VerifyProof_SwappedNonces_Fails()
    {
        var proof = new byte[Handshake.ProofBytes];
        Handshake.ComputeProof(Secret, ServerNonce, ClientNonce, InstitutionCode, "T01", proof);

        Assert.False(Handshake.VerifyProof(Secret, ClientNonce, ServerNonce, InstitutionCode, "T01", proof));
    }

    [Fact]
    public void ComputeProof_IdentityWithNul_Throws()
    {
        var proof = new byte[Handshake.ProofBytes];

        Assert.Throws<ArgumentException>(
            () => Handshake.ComputeProof(Secret, ServerNonce, ClientNonce, "H1\0T", "T01", proof));
    }

    [Fact]
    public void ServerProof_BothSides_AgreeAndWrongSecretFails()
    {
        var serverProof = new byte[Handshake.ProofBytes];
        Handshake.ComputeServerProof(Secret, ClientNonce, ServerNonce, serverProof);

        Assert.Equal(
            HMACSHA256.HashData(Secret, (byte[])[.. "SETTLE-AUTH-1-SERVER"u8, .. ClientNonce, .. ServerNonce]),
                serverProof);
        Assert.True(Handshake.VerifyServerProof(Secret, ClientNonce, ServerNonce, serverProof));
        Assert.False(Handshake.VerifyServerProof(Handshake.EncodeSecret("x"), ClientNonce, ServerNonce, serverProof));
    }

    [Fact]
    public void SessionKey_BothSides_MacEachOthersFrames()
    {
        var sessionKey = new byte[FrameMac.KeyBytes];
        Handshake.DeriveSessionKey(Secret, ServerNonce, ClientNonce, sessionKey);
        var client = Handshake.CreateSessionMac(Secret, ServerNonce, ClientNonce);
        var server = new FrameMac(sessionKey);
        var frame = Frame(MessageType.Heartbeat, 5, FrameFlags.None, client, []);
        var buffer = new System.Buffers.ReadOnlySequence<byte>(frame);

        Assert.True(FrameReader.TryReadFrame(ref buffer, server, out _, out _));
        Assert.Equal(
            HMACSHA256.HashData(Secret, (byte[])[.. "SETTLE-SESSION-1"u8, .. ServerNonce, .. ClientNonce]), sessionKey);
    }

    [Fact]
    public void CreateNonce_TwoCalls_Differ()
    {
        var first = new byte[Handshake.NonceBytes];
        var second = new byte[Handshake.NonceBytes];

        Handshake.CreateNonce(first);
        Handshake.CreateNonce(second);

        Assert.NotEqual(first, second);
    }
}
