import type { Command } from 'commander';
import { listDatasets } from '../../lib/db/datasets';
import { printJson, printTable } from '../output';

export function registerDatasets(program: Command): void {
  program
    .command('datasets')
    .description('list datasets')
    .option('--json', 'machine-readable output')
    .action(async (opts: { json?: boolean }) => {
      const rows = await listDatasets();
      if (opts.json || program.opts().json) {
        printJson({
          datasets: rows.map((d) => ({
            id: d.id,
            name: d.name,
            rollouts: d.rollouts,
            tasks: d.tasks,
            meanReward: d.meanReward,
            imports: d.imports,
            isSample: d.isSample,
            createdAt: d.createdAt.toISOString(),
          })),
        });
        return;
      }
      if (rows.length === 0) {
        process.stdout.write('No datasets. Import one with: sift import --dataset NAME FILE\n');
        return;
      }
      printTable(
        rows.map((d) => ({
          id: d.id,
          name: d.name,
          rollouts: d.rollouts,
          tasks: d.tasks,
          mean: d.meanReward == null ? null : d.meanReward.toFixed(3),
        })),
        [
          { key: 'id', label: 'ID', align: 'right' },
          { key: 'name', label: 'NAME' },
          { key: 'rollouts', label: 'ROLLOUTS', align: 'right' },
          { key: 'tasks', label: 'TASKS', align: 'right' },
          { key: 'mean', label: 'MEAN REWARD', align: 'right' },
        ],
      );
    });
}
