using System.Runtime.InteropServices;

namespace Cairn.Cli;

/// <summary>
/// Turns Ctrl-C (SIGINT), SIGTERM (what systemd, a shutdown or <c>kill</c> send) and SIGHUP (a closed terminal) into
/// the cancellation of the command, so that a stopped backup releases its lock and drops its unfinished uploads
/// as any failed one does, and the next one starts without a <c>cairn cleanup</c>. Left to .NET's defaults the
/// process just ended, leaving the lock behind. A second signal ends the process at once, the usual way out of
/// a stop that takes too long (an upload that does not notice its cancellation). A signal the command started with
/// ignored (Ctrl-C for a job in the background of a script, SIGHUP under <c>nohup</c>) stays ignored: .NET installs
/// no handler for it, as the shell that started the command meant.
/// </summary>
internal sealed class Interruption : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly PosixSignalRegistration[] _registrations;

    private Interruption() =>
        _registrations = [.. new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP }.Select(s => PosixSignalRegistration.Create(s, OnSignal))];

    /// <summary>Cancelled by the first of the signals.</summary>
    public CancellationToken Token => _stop.Token;

    /// <summary>Starts listening; dispose to give the signals back to their defaults.</summary>
    public static Interruption Listen() => new();

    private void OnSignal(PosixSignalContext context)
    {
        if (_stop.IsCancellationRequested)
        {
            return; // the second: its default action, the end of the process
        }

        context.Cancel = true;
        _stop.Cancel();
    }

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _stop.Dispose();
    }
}
