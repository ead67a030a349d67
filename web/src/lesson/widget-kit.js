// The rules every widget shares, carried out once. A widget module is
//
//   import schema from './softmax.schema.js';          // config + URL state, declared as data
//   export default defineWidget(schema, ({ root, engine, config, values, update }) => {
//     ...build the DOM into root; a learner's change sets values.x and calls update()...
//     return { render() { ...draw from values... }, destroy() {} };
//   });
//
// and the kit: validates the lesson's config against the schema (the Markdown plugin did at
// build time; a hand-edited page is input too), reads the URL state over the defaults, renders
// once while mounting without touching the URL (a plain link stays plain), then on every
// update() renders and writes every state field back into the URL. render() returning false
// (nothing valid to show) skips the URL write.
import { declareState } from '../state/params.js';

/**
 * schema: { config: declareConfig(...), state: { field: param... } | (config) => {...},
 *           defaults: (config) => ({ field: value }) }
 * setup(ctx) -> { render?(), destroy?() }; ctx = { root, engine, config, values, update, save, state }
 * (state: the URL's own strings, for a widget that must know whether a field came from the link).
 * save() writes the URL without rendering (for widgets that draw on their own, like training).
 */
export function defineWidget(schema, setup) {
  return function mount(root, { engine, config, state, setState }) {
    schema.config.validate(config);
    const S = declareState(typeof schema.state === 'function' ? schema.state(config) : schema.state);
    const values = S.read(state, schema.defaults(config));
    let mounting = true;
    const save = () => {
      if (!mounting) setState(S.write(values));
    };
    let widget = {};
    const update = () => {
      if (widget.render?.() !== false) save();
    };
    widget = setup({ root, engine, config, values, update, save, state }) || {};
    update();
    mounting = false;
    return { destroy: () => widget.destroy?.() };
  };
}
