/**
 * CGC: customized gate control, single-level PLE. Each task mixes its own experts with shared
 * experts through its gate.
 */
import { EXCLUSIVITY_FIELDS, levelGateCells } from '../../exclusivity';
import type { ArchitectureDefinition } from '../../types';
import {
  progressiveDrawing,
  progressiveExpertGroups,
  progressiveForward,
  progressiveParams,
} from '../ple/levels';

export const cgc: ArchitectureDefinition = {
  id: 'cgc',
  label: 'CGC',
  summary:
    'Customized gate control: each task owns a few experts and also shares some experts with all ' +
    "tasks; the task's gate mixes its own and the shared experts. Separating private from shared " +
    'experts makes it harder for one task to take over what another needs.',
  citation:
    'Tang, Liu, Zhao, Gong, "Progressive Layered Extraction (PLE): A Novel Multi-Task Learning (MTL) Model for Personalized Recommendations", RecSys 2020.',
  uses: ['hidden', 'tower', 'taskExperts', 'sharedExperts', ...EXCLUSIVITY_FIELDS],
  activations: { hidden: 'relu', gate: 'softmax', tower: 'relu', output: 'linear' },
  params: (config, dims) => progressiveParams(config, dims, 1),
  forward: (ops, x, config, dims) => progressiveForward(ops, x, config, dims, 1),
  gateOpenCells: levelGateCells,
  hiddenLabel: 'Expert hidden layers',
  expertGroups: (config, dims) => progressiveExpertGroups(config, dims, 1),
  drawing: (config, dims) => progressiveDrawing(config, dims, 1),
};
