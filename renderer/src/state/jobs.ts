import { useEffect, useState } from 'react';
import type { JobProgress } from '../../../shared/contract/schemas.js';
import type { WorkbenchClient } from '../api/client.js';

/** Running jobs by id from job.progress events; a finished job lingers briefly so its 100 % is seen. */
export function useJobs(client: WorkbenchClient): JobProgress[] {
  const [jobs, setJobs] = useState<ReadonlyMap<string, JobProgress>>(new Map());
  useEffect(() => {
    const timers = new Set<ReturnType<typeof setTimeout>>();
    const off = client.on('job.progress', (job) => {
      setJobs((prev) => new Map(prev).set(job.jobId, job));
      if (job.fraction >= 1) {
        const timer = setTimeout(() => {
          timers.delete(timer);
          setJobs((prev) => {
            const next = new Map(prev);
            next.delete(job.jobId);
            return next;
          });
        }, 1500);
        timers.add(timer);
      }
    });
    return () => {
      off();
      timers.forEach(clearTimeout);
    };
  }, [client]);
  return [...jobs.values()];
}
