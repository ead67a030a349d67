// Placeholder until the trainer engineer's API lands: api.js attaches whatever
// makeTrainerApi returns (createTrainer, ...). Owned by the trainer issue.
export function makeTrainerApi(Module) { // eslint-disable-line no-unused-vars
  return {};
}
