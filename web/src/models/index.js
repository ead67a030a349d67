// The models the live kit (web/src/live/) can train in its worker, by the name of the engine's
// create function: the page's client names one, the worker looks its description up here.
import trainer from './trainer.js';
import translator from './translator.js';
import languageModel from './language-model.js';

export default {
  createTrainer: trainer,
  createTranslator: translator,
  createLanguageModel: languageModel,
};
