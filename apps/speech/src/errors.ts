import { MlrecipeError } from '@mlrecipe/tensor';

/** Bad input to the speech app's transcription code (code `SPEECH_INPUT`): says what was wrong, the value received and the fix. */
export class SpeechInputError extends MlrecipeError {
  constructor(message: string) {
    super('SPEECH_INPUT', message);
  }
}
