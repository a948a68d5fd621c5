/** The post length rule, for the compose counter: the UI does not import the models itself. */
export {bodyLength, maxBodyLength} from '../db/models/post-rules.js';
