// Check runs as the UI sees them: the saved runs of the open workspace, the one being looked at (with all its
// findings and their geometry, loaded once), the comparison with the previous run, and a run in progress.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { CheckId, CheckParams, CheckRunInfo, FindingsPage, RunComparison } from '../../../shared/contract/schemas.js';
import type { WorkbenchClient } from '../api/client.js';

/** The contract's page limit: a district's run has a few thousand findings; more than this is a data problem. */
const ALL_FINDINGS = 100_000;

export interface RunningCheck {
  jobId: string;
  runId: number;
  fraction: number;
  message: string;
}

export interface ChecksState {
  runs: CheckRunInfo[];
  run: CheckRunInfo | null;
  page: FindingsPage | null;
  comparison: RunComparison | null;
  running: RunningCheck | null;
  loadingFindings: boolean;
  start(options?: { checks?: CheckId[]; layerPairs?: [string, string][]; params?: CheckParams }): Promise<void>;
  cancel(): void;
  select(runId: number): void;
}

export function useChecks(client: WorkbenchClient, workspaceKey: string | null, report: (e: unknown) => void): ChecksState {
  const [runs, setRuns] = useState<CheckRunInfo[]>([]);
  const [runId, setRunId] = useState<number | null>(null);
  const [page, setPage] = useState<FindingsPage | null>(null);
  const [comparison, setComparison] = useState<RunComparison | null>(null);
  const [running, setRunning] = useState<RunningCheck | null>(null);
  const [loadingFindings, setLoadingFindings] = useState(false);

  // Another workspace: its own runs, the newest finished one shown.
  useEffect(() => {
    setRuns([]);
    setRunId(null);
    setRunning(null);
    if (!workspaceKey) return;
    let cancelled = false;
    client.api['checks.runs']({}).then((list) => {
      if (cancelled) return;
      setRuns(list);
      setRunId(list.find((r) => r.status === 'done')?.runId ?? null);
    }, report);
    return () => {
      cancelled = true;
    };
  }, [client, workspaceKey, report]);

  useEffect(() => {
    setPage(null);
    setComparison(null);
    if (runId === null) return;
    let cancelled = false;
    setLoadingFindings(true);
    Promise.all([
      client.api['checks.findings']({ runId, limit: ALL_FINDINGS, withGeometry: true }),
      client.api['checks.compare']({ runId }),
    ]).then(
      ([p, c]) => {
        if (cancelled) return;
        setPage(p);
        setComparison(c);
      },
      (e: unknown) => !cancelled && report(e),
    ).finally(() => !cancelled && setLoadingFindings(false));
    return () => {
      cancelled = true;
    };
  }, [client, runId, report]);

  // Subscribed for the workspace's lifetime, not per run: a short run can end before checks.run has even answered.
  const runningRef = useRef<RunningCheck | null>(null);
  runningRef.current = running;
  const endedEarly = useRef(new Map<number, CheckRunInfo>());
  const finish = useCallback((run: CheckRunInfo) => {
    setRunning(null);
    setRuns((prev) => [run, ...prev.filter((r) => r.runId !== run.runId)].sort((a, b) => b.runId - a.runId));
    if (run.status === 'done') setRunId(run.runId);
    else if (run.status === 'failed') report(new Error(run.error ?? 'check run failed'));
  }, [report]);

  useEffect(() => {
    const offProgress = client.on('job.progress', (p) => {
      if (p.jobId === runningRef.current?.jobId) setRunning((r) => (r && r.jobId === p.jobId ? { ...r, fraction: p.fraction, message: p.message } : r));
    });
    const offFinished = client.on('checks.finished', (run) => {
      if (run.runId === runningRef.current?.runId) finish(run);
      else endedEarly.current.set(run.runId, run);
    });
    return () => {
      offProgress();
      offFinished();
    };
  }, [client, finish]);

  const start = useCallback(async (options: Parameters<ChecksState['start']>[0] = {}) => {
    try {
      const { jobId, runId: id } = await client.api['checks.run'](options);
      const ended = endedEarly.current.get(id);
      if (ended) finish(ended);
      else {
        runningRef.current = { jobId, runId: id, fraction: 0, message: '' };
        setRunning(runningRef.current);
      }
    } catch (e) {
      report(e);
    }
  }, [client, finish, report]);

  const cancel = useCallback(() => {
    if (running) client.api['jobs.cancel']({ jobId: running.jobId }).catch(report);
  }, [client, running, report]);

  const run = runs.find((r) => r.runId === runId) ?? null;
  return { runs, run, page, comparison, running, loadingFindings, start, cancel, select: setRunId };
}
