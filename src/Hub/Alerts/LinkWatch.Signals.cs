using TelemetryGateway.Core.Alerts;

namespace TelemetryGateway.Hub.Alerts;

public sealed partial class LinkWatch
{
    /// <summary>
    /// Raises <c>stale.link</c> for every armed feed silent for the rule's time on the hub clock, once per silence.
    /// Runs every <see cref="AlertOptions.LinkCheckInterval"/>; tests call it directly on a test clock.
    /// </summary>
    /// <returns>How many alerts were raised.</returns>
    public async Task<int> CheckAsync(CancellationToken ct)
    {
        if (!Enabled)
        {
            return 0;
        }
        await _signals.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var now = _time.GetUtcNow();
            List<AlertSignal> raise = [];
            lock (_lock)
            {
                foreach (var feed in _feeds.Values)
                {
                    if (!feed.Armed || feed.Episode is not null)
                    {
                        continue;
                    }
                    var silent = _time.GetElapsedTime(feed.LastArrivalStamp);
                    if (silent < _silence)
                    {
                        continue;
                    }
                    // Its gateway's readings still get stored here: the link is up and the monitor is what went quiet,
                    // which the gateway's own stale.feed reports. Only stored data counts (a gateway that connects
                    // and reports status while its batches fail is heard, not delivering), and never for longer than
                    // twice the silence: then the hub raises anyway rather than stay silent on a guess.
                    if (_gateways?.LastAckedAt(feed.GatewayId) is { } acked && now - acked < _silence
                        && silent < DeferralCap)
                    {
                        continue;
                    }
                    var unit = UnitOf(feed.DeviceId, out var arrived);
                    if (arrived || _bindings?.Ended(feed.DeviceId, now) == true)
                    {
                        // The run is over: its silence is expected. Armed again by its next fresh reading.
                        feed.Armed = false;
                        _metrics.CountLinkRunEnded();
                        continue;
                    }
                    // Disarmed while the alert is open; the patient is kept so that its Cleared closes this alert
                    // even if the monitor is bound to someone else meanwhile.
                    feed.Episode = feed.LastArrival;
                    feed.EpisodePatientId = feed.PatientId;
                    feed.Armed = false;
                    raise.Add(Raised(feed, unit, now, silent));
                }
            }
            var raised = 0;
            for (var i = 0; i < raise.Count; i++)
            {
                try
                {
                    await _alerts.ApplyAsync(raise[i], AlertActors.Hub, ct).ConfigureAwait(false);
                    _metrics.LinkSignal(AlertTransition.Raised);
                    raised++;
                }
                catch (OperationCanceledException)
                {
                    // Stopping: this and the later signals were not applied; leave their feeds to be raised again.
                    Rearm(raise.Skip(i));
                    throw;
                }
                catch (Exception ex)
                {
                    // Not raised: armed again so that the next check retries it (and one failure does not cost
                    // the other feeds their alerts).
                    Rearm([raise[i]]);
                    _metrics.LinkSignalFailed();
                    AlertLog.LinkSignalFailed(_logger, ex, "raise", raise[i].DeviceId);
                }
            }
            _metrics.SetLinkFeedsWatched(Watched);
            return raised;
        }
        finally
        {
            _signals.Release();
        }
    }

    /// <summary>Raises that were not applied: their feeds are armed again, so the next check retries them.</summary>
    private void Rearm(IEnumerable<AlertSignal> signals)
    {
        lock (_lock)
        {
            foreach (var signal in signals)
            {
                if (_feeds.TryGetValue(signal.DeviceId, out var feed) && feed.Episode == signal.EpisodeStart)
                {
                    feed.Episode = null;
                    feed.EpisodePatientId = null;
                    feed.Armed = true;
                }
            }
        }
    }

    /// <summary>Readings of silent feeds arrived: each silence is cleared (and resolved by the hub).</summary>
    private async Task ResumeAsync(List<Feed> feeds, DateTimeOffset now, CancellationToken ct)
    {
        await _signals.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            foreach (var feed in feeds)
            {
                AlertSignal cleared;
                lock (_lock)
                {
                    if (feed.Episode is not { } start)
                    {
                        continue;
                    }
                    // Stays armed: if the link drops again before fresh data (a reconnect that only drained the
                    // backlog), that silence is a new episode and raises again.
                    var patient = feed.EpisodePatientId;
                    feed.Episode = null;
                    feed.EpisodePatientId = null;
                    feed.Armed = true;
                    cleared = new AlertSignal
                    {
                        RuleId = HubRuleIds.StaleLink,
                        PatientId = patient,
                        DeviceId = feed.DeviceId,
                        Transition = AlertTransition.Cleared,
                        Severity = AlertSeverity.Urgent,
                        EpisodeStart = start,
                        At = now,
                        Message = $"Data from {feed.DeviceId} at the hub again after {(int)(now - start).TotalSeconds} s (link back)",
                    };
                }
                try
                {
                    await _alerts.ApplyAsync(cleared, AlertActors.Hub, ct).ConfigureAwait(false);
                    _metrics.LinkSignal(AlertTransition.Cleared);
                }
                catch (Exception ex)
                {
                    // The readings are stored and acknowledged already; the feed's next delivery tries again.
                    lock (_lock)
                    {
                        if (feed.Episode is null)
                        {
                            feed.Episode = cleared.EpisodeStart;
                            feed.EpisodePatientId = cleared.PatientId;
                        }
                    }
                    _metrics.LinkSignalFailed();
                    if (ex is OperationCanceledException)
                    {
                        throw;
                    }
                    AlertLog.LinkSignalFailed(_logger, ex, "clear", feed.DeviceId);
                }
            }
            _metrics.SetLinkFeedsWatched(Watched);
        }
        finally
        {
            _signals.Release();
        }
    }

    private AlertSignal Raised(Feed feed, string? unit, DateTimeOffset now, TimeSpan silent)
    {
        var who = unit is null ? $"monitor {feed.DeviceId}" : $"ambulance {unit} (monitor {feed.DeviceId})";
        var patient = feed.PatientId is null ? "" : $", patient {feed.PatientId}";
        return new AlertSignal
        {
            RuleId = HubRuleIds.StaleLink,
            PatientId = feed.PatientId,
            DeviceId = feed.DeviceId,
            Transition = AlertTransition.Raised,
            Severity = AlertSeverity.Urgent,
            EpisodeStart = feed.LastArrival,
            At = now,
            Message = $"No data at the hub from {who}{patient} for {(int)silent.TotalSeconds} s: link lost since {Clock(feed.LastArrival)}",
        };
    }

    /// <summary>The ambulance a monitor belongs to: as its updates say, else as configured (Hub:Ambulances).</summary>
    private string? UnitOf(string deviceId, out bool arrived)
    {
        if (_ambulances.TryGetRun(deviceId, out var unit, out arrived))
        {
            return unit;
        }
        foreach (var (name, ambulance) in _options.Ambulances)
        {
            if (ambulance?.Devices is { } devices && devices.Any(d => d == deviceId || d == $"{name}/{deviceId}"))
            {
                return name;
            }
        }
        return null;
    }
}
