import { useEffect, useState } from 'preact/hooks';
import { lang, t } from './i18n.ts';

const voiceLang = () => (lang.value === 'en' ? 'en' : 'zh');

/** The browser's voice for the reader's language, if it has one (Chinese: zh-CN first). */
function voiceFor(): SpeechSynthesisVoice | undefined {
  if (typeof speechSynthesis === 'undefined') return undefined;
  const voices = speechSynthesis.getVoices().filter((voice) => voice.lang.toLowerCase().startsWith(voiceLang()));
  return voices.find((voice) => voice.lang === 'zh-CN') ?? voices[0];
}

/**
 * 朗读: reads the text of the element `target` names aloud with the browser's speech synthesis, in
 * the reader's language. Hidden where the browser has no voice for it (voices arrive late in some
 * browsers, so it waits for them).
 */
export function ReadAloud(props: { target: string; label?: string }) {
  const [voice, setVoice] = useState(voiceFor);
  const [speaking, setSpeaking] = useState(false);
  useEffect(() => {
    if (typeof speechSynthesis === 'undefined') return;
    const changed = () => setVoice(voiceFor());
    speechSynthesis.addEventListener('voiceschanged', changed);
    return () => {
      speechSynthesis.removeEventListener('voiceschanged', changed);
      speechSynthesis.cancel();
    };
  }, []);
  if (!voice) return null;
  function toggle() {
    if (speaking) {
      speechSynthesis.cancel();
      setSpeaking(false);
      return;
    }
    const element = document.getElementById(props.target);
    if (!element) return;
    const utterance = new SpeechSynthesisUtterance(element.innerText);
    utterance.voice = voice!;
    utterance.lang = voice!.lang;
    utterance.rate = 0.9;
    utterance.onend = () => setSpeaking(false);
    speechSynthesis.cancel();
    speechSynthesis.speak(utterance);
    setSpeaking(true);
  }
  return (
    <button type="button" class="secondary read-aloud" aria-pressed={speaking} onClick={toggle}>
      {speaking ? t('停止朗读', 'Stop reading') : (props.label ?? t('朗读本页', 'Read this aloud'))}
    </button>
  );
}
