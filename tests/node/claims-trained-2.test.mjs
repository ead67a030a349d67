// Half of the lessons' claims about models trained in the page (claims-fences.mjs): the fences
// whose facts train a model, split between two files so both cores run them.
import { claimTests } from './claims-fences.mjs';

claimTests({ shard: 2, of: 2 });
