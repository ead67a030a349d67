// The rules every widget shares, carried out once. A widget module is
//
//   import configSchema from './softmax.schema.js';   // what a lesson fence may give (build-checked)
//   const widget = {
//     config: configSchema,
//     state: { t: param.number({ min: 0.1, max: 10 }) },   // the URL's fields
//     defaults: (config) => ({ t: config.temperature ?? 1 }),
//   };
//   export default defineWidget(widget, ({ root, engine, config, values, update }) => {
//     ...build the DOM into root; a learner's change sets values.t and calls update()...
//     return { render() { ...draw from values... }, destroy() {} };
//   });
//
// and the kit: validates the lesson's config against the schema (the Markdown plugin did at
// build time; a hand-edited page is input too), reads the URL state over the defaults, renders
// once while mounting without touching the URL (a plain link stays plain), then on every
// update() renders and writes every state field back into the URL. render() returning false
// (nothing valid to show), or an engine call refused by tryEngine during the render (an error
// on screen), skips the URL write: the link keeps the last state that worked.
import { declareState } from '../state/params.js';
import { engineRefusals } from '../ui/controls.js';
import { claimsProblems, splitClaims } from './claims.js';

/**
 * widget: { config: declareConfig(...), state: { field: param... } | (config) => ({ ... }),
 *           defaults: (config) => ({ field: value }) }
 * setup(ctx) -> { render?(), destroy?() }; ctx = { root, engine, config, values, update, save, state }
 * (state: the URL's own strings, for a widget that must know whether a field came from the link).
 * save() writes the URL without rendering (for widgets that draw on their own, like training).
 * Returns mount(root, { engine, config, state, setState }), what web/src/lesson/view.js calls.
 */
export function defineWidget(widget, setup) {
  return function mount(root, { engine, config: fence, state, setState }) {
    // "claims" belong to the lesson's tests, not to the widget: checked for shape, then set aside.
    const { config, claims } = splitClaims(fence);
    const bad = claims === undefined ? [] : claimsProblems(claims);
    if (bad.length) throw new Error(`widget config: ${bad.map((p) => `"${p.path}" ${p.message}`).join('; ')}`);
    widget.config.validate(config);
    const S = declareState(typeof widget.state === 'function' ? widget.state(config) : widget.state);
    const values = S.read(state, widget.defaults(config));
    let mounting = true;
    const save = () => {
      if (!mounting) setState(S.write(values));
    };
    let mounted = {};
    const update = () => {
      const refused = engineRefusals();
      if (mounted.render?.() !== false && engineRefusals() === refused) save();
    };
    mounted = setup({ root, engine, config, values, update, save, state }) || {};
    update();
    mounting = false;
    return { destroy: () => mounted.destroy?.() };
  };
}
