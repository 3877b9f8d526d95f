/**
 * PLE: progressive layered extraction, config.levels CGC-like levels with a shared stream whose
 * gate mixes all experts of the level (as in the paper; LibMTL's PLE drops this gate).
 */
import { EXCLUSIVITY_FIELDS, levelGateCells } from '../../exclusivity';
import type { ArchitectureDefinition } from '../../types';
import {
  progressiveDrawing,
  progressiveExpertGroups,
  progressiveForward,
  progressiveParams,
} from './levels';

export const ple: ArchitectureDefinition = {
  id: 'ple',
  label: 'PLE',
  summary:
    'Progressive layered extraction stacks several CGC levels. Between levels a shared stream ' +
    'gathers every expert of the level through its own gate, so task-specific and shared ' +
    'knowledge are separated gradually, layer by layer.',
  citation:
    'Tang, Liu, Zhao, Gong, "Progressive Layered Extraction (PLE): A Novel Multi-Task Learning (MTL) Model for Personalized Recommendations", RecSys 2020.',
  uses: ['hidden', 'tower', 'taskExperts', 'sharedExperts', 'levels', ...EXCLUSIVITY_FIELDS],
  activations: { hidden: 'relu', gate: 'softmax', tower: 'relu', output: 'linear' },
  params: (config, dims) => progressiveParams(config, dims, config.levels),
  forward: (ops, x, config, dims) => progressiveForward(ops, x, config, dims, config.levels),
  gateOpenCells: levelGateCells,
  hiddenLabel: 'Expert hidden layers',
  expertGroups: (config, dims) => progressiveExpertGroups(config, dims, config.levels),
  drawing: (config, dims) => progressiveDrawing(config, dims, config.levels),
};
