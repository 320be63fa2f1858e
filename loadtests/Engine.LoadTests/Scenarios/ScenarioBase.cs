using Engine.Client;
using Engine.Contracts.Domain;
using Engine.Contracts.Messages;
using Engine.Contracts.Wire;
using Engine.LoadTests.Running;

namespace Engine.LoadTests.Scenarios;

/// <summary>An iteration that ended otherwise than it should: a time-out, a wrong status, a broken connection.</summary>
internal sealed class IterationException(Outcome outcome, string message) : Exception(message)
{
    public Outcome Outcome { get; } = outcome;
}

/// <summary>
/// A scenario: what one iteration does. Every request goes through <see cref="CallAsync{T}"/>, which records its
/// latency (from when the terminal wanted to send it: the scheduled time for the first step, the previous reply for
/// the next) and its status, per operation.
/// </summary>
internal abstract class ScenarioBase(LiveMetrics live)
{
    /// <summary>What one iteration is, for the reports: "visit", "settle", "echo", "ping", "mixed iteration".</summary>
    public abstract string IterationName { get; }

    /// <summary>Work before the phases (settle-only registers and uploads its visits here).</summary>
    public virtual Task PrepareAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Runs iteration <paramref name="iteration"/>, scheduled at <paramref name="dueTicks"/>.</summary>
    public abstract Task<Outcome> RunAsync(PhaseStats phase, long iteration, long dueTicks);

    protected LiveMetrics Live { get; } = live;

    protected async Task<TransactionReply> CallAsync<T>(PhaseStats phase, Terminal terminal, MessageType type,
        string op, T request, BodyWriter<T> write, long dueTicks)
    {
        string status;
        try
        {
            var connection = await terminal.GetAsync();
            var reply = await connection.SendAsync(type, request, write, MessageCodec.ReadTransactionReply);
            Record(phase, op, StatusNames.Of(reply.Status), dueTicks);
            return reply;
        }
        catch (TimeoutException)
        {
            status = "TIMEOUT";
            Record(phase, op, status, dueTicks);
            throw new IterationException(Outcome.Timeout, $"{op}: no reply within the time-out");
        }
        catch (Exception exception) when (exception is ConnectionLostException or IOException
            or System.Net.Sockets.SocketException or ProtocolViolationException or ObjectDisposedException)
        {
            status = exception is ConnectionLostException ? "CONNECTION_LOST" : "TRANSPORT_ERROR";
            Record(phase, op, status, dueTicks);
            throw new IterationException(Outcome.Error, $"{op}: {exception.GetType().Name}: {exception.Message}");
        }
    }

    protected void Record(PhaseStats phase, string op, string status, long dueTicks)
    {
        var micros = Clock.Micros(Clock.Now - dueTicks);
        phase.RecordOperation(op, status, micros);
        Live.RecordOperation(op, micros);
    }

    /// <summary>Throws unless <paramref name="reply"/> has <paramref name="expected"/>.</summary>
    protected static TransactionReply Expect(TransactionReply reply, string op, SettlementStatus expected)
    {
        if (reply.Status == expected) return reply;
        throw new IterationException(Outcome.Error,
            $"{op}: {StatusNames.Of(reply.Status)} (expected {StatusNames.Of(expected)}){(reply.Message is { } m ? ": " + m : "")}");
    }

    protected static void RecordSettlement(PhaseStats phase, TransactionReply settle)
    {
        if (settle.Settlement is { } s) phase.RecordSettlement(s.MedfeeSumamt.Fen, s.FundPaySumamt.Fen, s.AcctPay.Fen);
    }
}

/// <summary>Status names as docs/protocol.md §13 spells them (UNKNOWN_PERSON …).</summary>
internal static class StatusNames
{
    private static readonly string[] Names = Build();

    public static string Of(SettlementStatus status) =>
        (int)status < Names.Length ? Names[(int)status] : ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string[] Build()
    {
        var values = Enum.GetValues<SettlementStatus>();
        var names = new string[values.Max(v => (int)v) + 1];
        foreach (var value in values)
        {
            var text = value.ToString();
            var sb = new System.Text.StringBuilder();
            for (var i = 0; i < text.Length; i++)
            {
                if (i > 0 && char.IsUpper(text[i])) sb.Append('_');
                sb.Append(char.ToUpperInvariant(text[i]));
            }
            names[(int)value] = sb.ToString();
        }
        return names;
    }
}
