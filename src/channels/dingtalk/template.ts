// The contract with the one generic card template the operator builds in 卡片平台 (see TEMPLATE.md):
// the variable names the channel fills and the callback parameters it reads back. Changing a name here
// means changing the template.

/** Card variables (cardParamMap keys). Every value sent is a string; objects are JSON strings. */
export const VAR = {
  title: 'title',
  subtitle: 'subtitle',
  /** info | success | warning | danger: the template picks the header colour from it. */
  tone: 'tone',
  /** The body as DingTalk markdown (text, fields, tables, charts as small tables). */
  markdown: 'markdown',
  /** "true" | "false", for the form's visibility condition. */
  hasForm: 'has_form',
  /** 表单变量: {"fields":[…]} bound to the Form component (component id `form`). */
  form: 'form',
  /** The submit button's action (a JSON string), passed back as request parameter `action`. */
  formAction: 'form_action',
  formSubmitLabel: 'form_submit_label',
  /** [{label, style, action}] for a loop of buttons; each `action` is a JSON string passed back. */
  buttons: 'buttons',
  hasButtons: 'has_buttons',
  /** Field errors after a failed submission, as markdown ('' when none). */
  error: 'error',
  /** Only in a callback answer: the toast text and tone (info | success | warning | danger). */
  toast: 'toast',
  toastTone: 'toast_tone',
} as const;

/** Request parameters the template's 回传请求 sends back in `cardPrivateData.params`. */
export const PARAM = {
  /** The pressed button's action: a JSON string of the neutral action. */
  action: 'action',
  /** The Form component's submitted values (the component id is `form`). */
  form: 'form',
} as const;

/** A form with several submit buttons becomes one required select of this name whose option values
 *  are the buttons' actions (a DingTalk form has a single submit button). */
export const ACTION_FIELD = '__action';
