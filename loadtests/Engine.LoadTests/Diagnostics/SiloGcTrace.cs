using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Parsers;

namespace Engine.LoadTests.Diagnostics;

/// <summary>
/// An EventPipe session on the silo process (same machine) that records its garbage collections while the phases
/// run: the runtime's GC events at the informational level only (no rundown), a handful per collection, so the silo
/// pays next to nothing for it. The generator reads them on one thread. With allocation samples the level is verbose,
/// which adds the runtime's AllocationTick event (one per 100 KB a thread allocates): about a thousand events a second
/// more at the silo's allocation rates, so only when asked for.
/// </summary>
internal sealed class SiloGcTrace : IAsyncDisposable
{
    private readonly EventPipeSession session;
    private readonly Task reading;
    private readonly GcPauseRecorder recorder = new();
    private readonly List<AllocationSample> allocations = [];
    private Task<SiloGcRecord>? stopping;

    private SiloGcTrace(EventPipeSession session)
    {
        this.session = session;
        reading = Task.Factory.StartNew(Read, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>
    /// Starts recording, with the allocation samples when <paramref name="allocations"/>; null (and a line on the
    /// console) when the process cannot be traced.
    /// </summary>
    public static SiloGcTrace? TryStart(int pid, bool allocations)
    {
        try
        {
            var provider = new EventPipeProvider("Microsoft-Windows-DotNETRuntime",
                allocations ? EventLevel.Verbose : EventLevel.Informational, (long)ClrTraceEventParser.Keywords.GC);
            // No stacks: nothing here reads them, and the runtime would walk one for every event.
            var session = new DiagnosticsClient(pid).StartEventPipeSession(new EventPipeSessionConfiguration([provider],
                circularBufferSizeMB: 16, requestRundown: false, requestStackwalk: false));
            return new SiloGcTrace(session);
        }
        catch (Exception exception) when (exception is ServerNotAvailableException or UnsupportedCommandException
            or IOException or UnauthorizedAccessException or TimeoutException)
        {
            Console.WriteLine($"no GC trace of the silo (process {pid}): {exception.Message}");
            return null;
        }
    }

    /// <summary>Ends the session (once) and returns every collection it saw.</summary>
    public Task<SiloGcRecord> StopAsync() => stopping ??= StopOnceAsync();

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        finally
        {
            session.Dispose();
        }
    }

    private async Task<SiloGcRecord> StopOnceAsync()
    {
        try
        {
            await session.StopAsync(CancellationToken.None);
        }
        catch (Exception exception) when (exception is ServerNotAvailableException or IOException or TimeoutException)
        {
            // The silo went away: what was read so far is the record.
        }
        await reading;
        return new SiloGcRecord(recorder.Pauses, recorder.Backgrounds, allocations);
    }

    private void Read()
    {
        using var source = new EventPipeEventSource(session.EventStream);
        var clr = source.Clr;
        clr.GCSuspendEEStart += e => recorder.SuspendBegin(e.TimeStampRelativeMSec, e.TimeStamp.ToUniversalTime());
        clr.GCSuspendEEStop += e => recorder.SuspendEnd(e.TimeStampRelativeMSec);
        clr.GCStart += e => recorder.GcStart(e.TimeStampRelativeMSec, e.TimeStamp.ToUniversalTime(), e.Depth, (int)e.Type,
            e.Reason.ToString(), e.Count);
        clr.GCMarkWithType += e => recorder.Mark(e.TimeStampRelativeMSec, e.HeapNum, e.Type, (long)e.Promoted);
        clr.GCStop += e => recorder.GcEnd(e.TimeStampRelativeMSec, e.Count);
        clr.GCRestartEEStop += e => recorder.RestartEnd(e.TimeStampRelativeMSec);
        clr.GCAllocationTick += e => allocations.Add(
            new AllocationSample(e.TimeStamp.ToUniversalTime(), e.TypeName ?? "?", e.AllocationAmount64));
        try
        {
            source.Process();
        }
        catch (Exception exception) when (exception is IOException or EndOfStreamException or ObjectDisposedException)
        {
            // The session ended mid-block (the silo exited): keep what was read.
        }
    }
}
